//! Getima's applications bundle: applying to open or change a business, and a person's
//! applications.

fn main() {
    getima_ui::boot(getima_account::areas::Applications);
}
