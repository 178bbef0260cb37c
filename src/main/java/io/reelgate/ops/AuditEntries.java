package io.reelgate.ops;

import io.quarkus.qute.TemplateExtension;
import io.reelgate.audit.AuditTrail;

/** How the console's history shows a change: short ones inline (old → new), long ones (a provider's settings) folded. */
@TemplateExtension
final class AuditEntries {

    private AuditEntries() {
    }

    /** {@code {c.shortChange}}: both sides fit on a line. */
    static boolean shortChange(AuditTrail.Entry entry) {
        return (entry.oldValue() == null || entry.oldValue().length() < 60)
                && (entry.newValue() == null || entry.newValue().length() < 80);
    }
}
