//! Getima's stalls bundle: market stalls: booking, lotteries and a vendor's own stalls.

fn main() {
    getima_ui::boot(getima_account::areas::Stalls);
}
