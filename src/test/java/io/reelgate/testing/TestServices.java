package io.reelgate.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Services shared by every {@code @QuarkusTest}. PostgreSQL and S3 need nothing here: the app
 * starts them itself when unconfigured (io.reelgate.embedded); SMTP is GreenMail.
 */
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
public final class TestServices {
    private TestServices() {
    }
}
