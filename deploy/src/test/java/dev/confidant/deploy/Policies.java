package dev.confidant.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static dev.confidant.deploy.Manifests.describe;

/**
 * What we require of a rendered overlay beyond its schemas (docs/operations.md): locked-down pods probed on the
 * management port, nothing referenced that is not there, every pod behind a network policy, budgets that allow a
 * drain. Each finding is one line.
 */
final class Policies {

    private Policies() {
    }

    /**
     * @param objects          the rendered objects
     * @param documentedSecrets the Secrets operators create (deploy/k8s/README.md); they are never committed
     */
    static List<String> check(List<JsonNode> objects, Set<String> documentedSecrets) {
        List<String> findings = new ArrayList<>();
        Set<String> configMaps = names(objects, "ConfigMap");
        Set<String> accounts = names(objects, "ServiceAccount");
        Set<String> claims = names(objects, "PersistentVolumeClaim");
        Set<String> deployments = names(objects, "Deployment");
        Set<String> services = names(objects, "Service");
        for (JsonNode deployment : kind(objects, "Deployment")) {
            checkPod(deployment, configMaps, accounts, claims, documentedSecrets, findings);
        }
        checkNetworkPolicies(objects, findings);
        checkBudgets(objects, findings);
        for (JsonNode hpa : kind(objects, "HorizontalPodAutoscaler")) {
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            if (!deployments.contains(target)) {
                findings.add(describe(hpa) + ": scales a Deployment that is not there: " + target);
            }
        }
        for (JsonNode ingress : kind(objects, "Ingress")) {
            if (ingress.path("spec").path("tls").isEmpty()) {
                findings.add(describe(ingress) + ": no TLS");
            }
            for (JsonNode path : ingress.findValues("paths")) {
                for (JsonNode rule : path) {
                    String service = rule.path("backend").path("service").path("name").asText();
                    if (!services.contains(service)) {
                        findings.add(describe(ingress) + ": routes to a Service that is not there: " + service);
                    }
                    if (rule.path("path").asText().startsWith("/q")) {
                        findings.add(describe(ingress) + ": exposes a management path: " + rule.path("path").asText());
                    }
                }
            }
        }
        return findings;
    }

    private static void checkPod(JsonNode deployment, Set<String> configMaps, Set<String> accounts, Set<String> claims,
                                 Set<String> secrets, List<String> findings) {
        String name = describe(deployment);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        require(pod.path("automountServiceAccountToken").asBoolean(true) == false, name,
                "mounts a service-account token", findings);
        require(pod.path("securityContext").path("runAsNonRoot").asBoolean(false), name, "may run as root", findings);
        require("RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText()), name,
                "has no RuntimeDefault seccomp profile", findings);
        String account = pod.path("serviceAccountName").asText("");
        require(accounts.contains(account), name, "uses a ServiceAccount that is not there: " + account, findings);
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("configMap")) {
                String map = volume.path("configMap").path("name").asText();
                require(configMaps.contains(map), name, "mounts a ConfigMap that is not there: " + map, findings);
            }
            if (volume.has("secret")) {
                String secret = volume.path("secret").path("secretName").asText();
                require(secrets.contains(secret), name, "mounts an undocumented Secret: " + secret, findings);
            }
            if (volume.has("persistentVolumeClaim")) {
                String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
                require(claims.contains(claim), name, "mounts a claim that is not there: " + claim, findings);
            }
        }
        for (JsonNode container : pod.path("containers")) {
            String where = name + " container " + container.path("name").asText();
            String image = container.path("image").asText();
            require(image.contains(":") && !image.endsWith(":latest"), where, "image without a pinned tag: " + image,
                    findings);
            for (String probe : new String[]{"startupProbe", "livenessProbe", "readinessProbe"}) {
                JsonNode get = container.path(probe).path("httpGet");
                require(get.path("path").asText().startsWith("/q/health/") && "management".equals(get.path("port")
                        .asText()), where, probe + " is not on the management port's /q/health", findings);
            }
            JsonNode resources = container.path("resources");
            require(resources.path("requests").has("cpu") && resources.path("requests").has("memory")
                    && resources.path("limits").has("memory"), where, "lacks CPU and memory requests and a memory limit",
                    findings);
            JsonNode security = container.path("securityContext");
            require(!security.path("allowPrivilegeEscalation").asBoolean(true), where, "may escalate privileges",
                    findings);
            require(security.path("readOnlyRootFilesystem").asBoolean(false), where, "has a writable root filesystem",
                    findings);
            require(contains(security.path("capabilities").path("drop"), "ALL"), where, "keeps Linux capabilities",
                    findings);
            for (JsonNode from : container.path("envFrom")) {
                String map = from.path("configMapRef").path("name").asText(null);
                if (map != null) {
                    require(configMaps.contains(map), where, "reads a ConfigMap that is not there: " + map, findings);
                }
            }
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    String secret = ref.path("name").asText();
                    require(secrets.contains(secret), where, "reads an undocumented Secret: " + secret, findings);
                }
                JsonNode mapRef = env.path("valueFrom").path("configMapKeyRef");
                if (!mapRef.isMissingNode()) {
                    require(configMaps.contains(mapRef.path("name").asText()), where,
                            "reads a ConfigMap that is not there: " + mapRef.path("name").asText(), findings);
                }
            }
        }
    }

    /** A default-deny policy, and every pod selected by a policy of its own. */
    private static void checkNetworkPolicies(List<JsonNode> objects, List<String> findings) {
        List<JsonNode> policies = kind(objects, "NetworkPolicy");
        boolean defaultDeny = policies.stream().anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                && contains(p.path("spec").path("policyTypes"), "Ingress")
                && contains(p.path("spec").path("policyTypes"), "Egress")
                && p.path("spec").path("ingress").isEmpty() && p.path("spec").path("egress").isEmpty());
        require(defaultDeny, "NetworkPolicy", "no default-deny policy for ingress and egress", findings);
        for (JsonNode deployment : kind(objects, "Deployment")) {
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            boolean selected = policies.stream().anyMatch(p -> !p.path("spec").path("podSelector").isEmpty()
                    && matches(p.path("spec").path("podSelector").path("matchLabels"), labels));
            require(selected, describe(deployment), "no network policy selects its pods", findings);
        }
        // the operators' pods carry the cluster's name under these labels
        Map<String, String> operatorLabels = Map.of("Kafka", "strimzi.io/cluster", "Cluster", "cnpg.io/cluster");
        operatorLabels.forEach((kind, label) -> {
            for (JsonNode cluster : kind(objects, kind)) {
                String name = cluster.path("metadata").path("name").asText();
                boolean selected = policies.stream().anyMatch(p -> name.equals(p.path("spec").path("podSelector")
                        .path("matchLabels").path(label).asText(null)));
                require(selected, describe(cluster), "no network policy selects its pods", findings);
            }
        });
    }

    /** Each budget leaves at least one pod free to move: minAvailable below the smallest replica count. */
    private static void checkBudgets(List<JsonNode> objects, List<String> findings) {
        for (JsonNode budget : kind(objects, "PodDisruptionBudget")) {
            JsonNode selector = budget.path("spec").path("selector").path("matchLabels");
            for (JsonNode deployment : kind(objects, "Deployment")) {
                if (!matches(selector, deployment.path("spec").path("template").path("metadata").path("labels"))) {
                    continue;
                }
                int replicas = deployment.path("spec").path("replicas").asInt(1);
                for (JsonNode hpa : kind(objects, "HorizontalPodAutoscaler")) {
                    if (hpa.path("spec").path("scaleTargetRef").path("name").asText()
                            .equals(deployment.path("metadata").path("name").asText())) {
                        replicas = Math.min(replicas, hpa.path("spec").path("minReplicas").asInt(1));
                    }
                }
                int minAvailable = budget.path("spec").path("minAvailable").asInt(0);
                require(minAvailable < replicas, describe(budget), "minAvailable " + minAvailable
                        + " is not below the " + replicas + " replicas of " + describe(deployment), findings);
            }
        }
    }

    static Set<String> names(List<JsonNode> objects, String kind) {
        Set<String> names = new HashSet<>();
        kind(objects, kind).forEach(o -> names.add(o.path("metadata").path("name").asText()));
        return names;
    }

    static List<JsonNode> kind(List<JsonNode> objects, String kind) {
        Predicate<JsonNode> ofKind = o -> kind.equals(o.path("kind").asText());
        return objects.stream().filter(ofKind).toList();
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean holds, String where, String problem, List<String> findings) {
        if (!holds) {
            findings.add(where + ": " + problem);
        }
    }
}
