//! Getima's appeals bundle: raising a problem about a business, and a person's appeals.

fn main() {
    getima_ui::boot(getima_account::areas::Appeals);
}
