//! Getima's desk-appeals bundle: a department's appeals queue.

fn main() {
    getima_ui::boot(getima_desk::areas::DeskAppeals);
}
