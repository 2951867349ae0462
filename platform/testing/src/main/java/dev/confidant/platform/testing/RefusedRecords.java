package dev.confidant.platform.testing;


/** What the service under test reports in {@code confidant_events_refused_total}, read from its {@code /q/metrics}. */
public final class RefusedRecords {

    private RefusedRecords() {
    }

    /** How many records {@code consumer} has refused since the service started, for any reason. */
    public static double count(String consumer) {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("confidant_events_refused_total{") && line.contains("consumer=\"" + consumer + "\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
