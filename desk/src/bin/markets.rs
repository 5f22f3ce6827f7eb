//! Getima's desk-markets bundle: a market manager's desk.

fn main() {
    getima_ui::boot(getima_desk::areas::DeskMarkets);
}
