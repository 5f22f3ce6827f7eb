//! Getima's desk bundle: the work desk's home, audit log, working-day calendar and
//! inspections.

fn main() {
    getima_ui::boot(getima_desk::areas::Desk);
}
