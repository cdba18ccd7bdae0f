using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.WebConsole.Tests;

/// <summary>The console's JSON API over plain HTTP.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleApiTests(ConsoleBroker broker) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private Uri Api(string path) => new(broker.Kafka.MetricsEndpoint!, "/console/api" + path);

    private async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(Api(path));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Brokers_names_the_cluster_and_its_broker()
    {
        var cluster = await GetJsonAsync("/brokers");

        Assert.Equal(broker.Kafka.Broker.ClusterId, cluster.GetProperty("clusterId").GetString());
        Assert.Equal(1, cluster.GetProperty("servingNodeId").GetInt32());
        var only = Assert.Single(cluster.GetProperty("brokers").EnumerateArray().ToList());
        Assert.Equal(1, only.GetProperty("id").GetInt32());
        Assert.Equal(broker.Kafka.Port, only.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task A_topic_is_created_once_then_refused_with_kafkas_error()
    {
        var body = new StringContent("""{"name":"api-created","partitions":2,"replicationFactor":1,"configs":{"retention.ms":"60000"}}""", Encoding.UTF8, "application/json");
        using var created = await _http.PostAsync(Api("/topics"), body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var topic = await GetJsonAsync("/topics/api-created");
        Assert.Equal([0, 1], topic.GetProperty("partitions").EnumerateArray().Select(p => p.GetProperty("partition").GetInt32()));
        Assert.Contains(topic.GetProperty("configs").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "retention.ms" && c.GetProperty("value").GetString() == "60000" && c.GetProperty("source").GetString() == "DYNAMIC_TOPIC_CONFIG");

        using var again = await _http.PostAsync(Api("/topics"), new StringContent("""{"name":"api-created","partitions":1,"replicationFactor":1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var error = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("TOPIC_ALREADY_EXISTS", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unknown_topic_is_not_found()
    {
        var error = await GetJsonAsync("/topics/no-such-topic", HttpStatusCode.NotFound);

        Assert.Equal("UNKNOWN_TOPIC_OR_PARTITION", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Records_come_with_base64_key_value_and_headers()
    {
        await Clients.CreateTopicAsync(broker, "api-records");
        await Clients.ProduceAsync(broker, "api-records", ("k", "v1", [("h", "x")]), ("k", "v2", []));

        var result = await GetJsonAsync("/topics/api-records/partitions/0/records?offset=1");

        Assert.Equal(1, result.GetProperty("from").GetInt64());
        Assert.Equal(2, result.GetProperty("highWatermark").GetInt64());
        var record = Assert.Single(result.GetProperty("records").EnumerateArray().ToList());
        Assert.Equal(1, record.GetProperty("offset").GetInt64());
        Assert.Equal("v2", Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("value").GetString()!)));
        Assert.Equal("CreateTime", record.GetProperty("timestampType").GetString());
    }

    [Fact]
    public async Task Resetting_a_group_with_members_is_refused_as_kafka_refuses_it()
    {
        await Clients.CreateTopicAsync(broker, "api-busy");
        using var consumer = Clients.JoinedConsumer(broker, "api-busy-group", "api-busy");

        using var response = await _http.PostAsync(Api("/groups/api-busy-group/reset-offsets"),
            new StringContent("""{"topic":"api-busy","to":"earliest"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("NON_EMPTY_GROUP", error.GetProperty("error").GetString());
        Assert.Equal("Assignments can only be reset if the group 'api-busy-group' is inactive, but the current state is Stable.", error.GetProperty("message").GetString());
        consumer.Close();
    }

    [Fact]
    public async Task Offsets_of_a_group_not_known_yet_can_be_set_before_its_first_consumer_starts()
    {
        await Clients.CreateTopicAsync(broker, "api-new-group");
        await Clients.ProduceValuesAsync(broker, "api-new-group", 3);

        using var response = await _http.PostAsync(Api("/groups/api-new-group-readers/reset-offsets"),
            new StringContent("""{"topic":"api-new-group","to":"latest"}""", Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, await Clients.CommittedAsync(broker, "api-new-group-readers", "api-new-group"));
    }

    [Fact]
    public async Task A_change_without_a_json_body_is_refused()
    {
        using var form = await _http.PostAsync(Api("/topics"), new StringContent("""{"name":"from-a-form","partitions":1,"replicationFactor":1}""", Encoding.UTF8, "text/plain"));
        using var broken = await _http.PostAsync(Api("/topics"), new StringContent("""{"name":""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal("INVALID_REQUEST", (await form.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.False(await Clients.TopicListedAsync(broker, "from-a-form", expected: false));
    }

    [Fact]
    public async Task Security_lists_the_client_quotas_and_says_there_is_no_authorizer()
    {
        await using var client = new NodeClient(new NodeAddress(-1, "127.0.0.1", broker.Kafka.Port));
        await AlterQuotaAsync(client, remove: false);
        try
        {
            var security = await GetJsonAsync("/security");

            Assert.False(security.GetProperty("authorizerEnabled").GetBoolean());
            Assert.Empty(security.GetProperty("acls").EnumerateArray());
            Assert.StartsWith("No authorizer is configured", security.GetProperty("message").GetString(), StringComparison.Ordinal);
            var quota = Assert.Single(security.GetProperty("quotas").EnumerateArray());
            Assert.Equal("user=console-user", quota.GetProperty("entity").GetString());
            Assert.Equal("producer_byte_rate", quota.GetProperty("key").GetString());
            Assert.Equal(1048576, quota.GetProperty("value").GetDouble());
        }
        finally
        {
            await AlterQuotaAsync(client, remove: true);
        }
        Assert.Empty((await GetJsonAsync("/security")).GetProperty("quotas").EnumerateArray());
    }

    private static async Task AlterQuotaAsync(NodeClient client, bool remove)
    {
        var request = new AlterClientQuotasRequest
        {
            Entries = [new() { Entity = [new() { EntityType = "user", EntityName = "console-user" }], Ops = [new() { Key = "producer_byte_rate", Value = 1048576, Remove = remove }] }],
        };
        var response = await client.SendAsync<AlterClientQuotasResponse>(request, AlterClientQuotasRequest.ApiKey, 1, CancellationToken.None);
        Assert.All(response.Entries, e => Assert.Equal(0, e.ErrorCode));
    }

    [Fact]
    public async Task Without_a_sasl_listener_the_console_needs_no_sign_in_and_acts_as_anonymous()
    {
        var session = await GetJsonAsync("/session");

        Assert.False(session.GetProperty("signInRequired").GetBoolean());
        Assert.False(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal("User:ANONYMOUS", session.GetProperty("principal").GetString());
        Assert.StartsWith("No sign-in: the broker has no SASL listener", session.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var signIn = await _http.PostAsync(Api("/session"), new StringContent("""{"userName":"alice","password":"secret"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_page_is_served_from_the_assembly_and_loads_nothing_from_elsewhere()
    {
        using var response = await _http.GetAsync(new Uri(broker.Kafka.MetricsEndpoint!, "/console/"));
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("http:", html);
        Assert.DoesNotContain("https:", html);
        using var bare = await _http.GetAsync(new Uri(broker.Kafka.MetricsEndpoint!, "/console"));
        Assert.Equal(new Uri(broker.Kafka.MetricsEndpoint!, "/console/"), bare.RequestMessage!.RequestUri);
        foreach (var asset in new[] { "app.js", "app.css" })
        {
            using var file = await _http.GetAsync(new Uri(broker.Kafka.MetricsEndpoint!, "/console/" + asset));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();
}
