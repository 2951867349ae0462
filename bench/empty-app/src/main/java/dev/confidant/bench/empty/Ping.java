package dev.confidant.bench.empty;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The empty application's one endpoint, so that its REST layer has something to serve, as every service's has. */
@Path("/api/ping")
public class Ping {

    @GET
    public String ping() {
        return "pong";
    }
}
