package io.reelgate.budget;

/** Budget settings for tests: amount in dollars, everything else default. */
final class Budgets {

    private Budgets() {
    }

    static BudgetSettings.Form amount(String usd) {
        return new BudgetSettings.Form(usd, "1", "HARD", "0", "", "50,75,90,100");
    }

    static BudgetSettings.Form soft(String usd, int allowancePct) {
        return new BudgetSettings.Form(usd, "1", "SOFT", Integer.toString(allowancePct), "", "50,75,90,100");
    }

    static BudgetSettings.Form memberCap(String usd, String cap) {
        return new BudgetSettings.Form(usd, "1", "HARD", "0", cap, "50,75,90,100");
    }
}
