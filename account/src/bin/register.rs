//! Getima's register bundle: registration in public, the guides and each department's
//! statistics.

fn main() {
    getima_ui::boot(getima_account::areas::Register);
}
