//! Getima's account bundle: signing in, the policies and the signed-in person's own page.

fn main() {
    getima_ui::boot(getima_account::areas::Account);
}
