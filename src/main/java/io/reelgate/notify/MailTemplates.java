package io.reelgate.notify;

import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;

/** Type-safe Qute mail templates; each has an {@code .html} and a {@code .txt} variant under {@code templates/Mails}. */
@CheckedTemplate(basePath = "Mails")
class MailTemplates {

    static native MailTemplateInstance testMail(String name, String appUrl);

    static native MailTemplateInstance budgetAlert(BudgetAlertMailer.Alert alert);

    static native MailTemplateInstance invitation(Postman.Invitation invitation);

    static native MailTemplateInstance weeklyDigest(WeeklyDigest.Digest digest);

    static native MailTemplateInstance driftAlert(DriftAlerts.Alert alert);
}
