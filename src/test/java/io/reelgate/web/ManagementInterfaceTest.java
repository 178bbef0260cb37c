package io.reelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Management;
import io.restassured.RestAssured;

/**
 * Health and metrics are on the management port only: the public port, which anyone reaches,
 * answers 404 for them (metrics name teams and their spending), while the OpenAPI document that
 * programs read stays public.
 */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void thePublicPortHidesHealthAndMetricsAndTheManagementPortServesThem() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            assertThat(RestAssured.given().redirects().follow(false).get(path).statusCode()).as("public " + path)
                    .isEqualTo(404);
        }
        assertThat(Management.given().get("/q/health/ready").then().statusCode(200).extract().asString())
                .contains("\"status\": \"UP\"");
        assertThat(Management.given().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(Management.given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("reelgate_queue_depth");
        assertThat(Management.baseUrl()).doesNotEndWith(":" + RestAssured.port);
        RestAssured.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200);
    }
}
