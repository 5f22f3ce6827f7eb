//! Getima's desk-registration bundle: a department's registration tasks and the catalogue.

fn main() {
    getima_ui::boot(getima_desk::areas::DeskRegistration);
}
