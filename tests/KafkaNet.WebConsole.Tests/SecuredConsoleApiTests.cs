using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka.Admin;

namespace KafkaNet.WebConsole.Tests;

/// <summary>
/// The console of a broker with a SASL listener and the ACL authorizer: nothing without signing in, and once signed in
/// exactly what the user's Kafka client may do.
/// </summary>
[Collection(SecuredConsoleCollection.Name)]
public sealed class SecuredConsoleApiTests(SecuredConsoleBroker broker)
{
    [Fact]
    public async Task Without_signing_in_every_api_call_is_refused_with_401()
    {
        using var anonymous = new ConsoleSession(broker);

        foreach (string path in new[] { "/brokers", "/topics", "/groups", "/security", "/brokers/1/configs" })
        {
            using var response = await anonymous.GetAsync(path);
            await ConsoleSession.AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }
        using var create = await anonymous.PostAsync("/topics", """{"name":"anonymous-topic","partitions":1,"replicationFactor":1}""");
        await ConsoleSession.AssertRefusedAsync(create, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var session = await anonymous.JsonAsync("/session");
        Assert.True(session.GetProperty("signInRequired").GetBoolean());
        Assert.False(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("principal").ValueKind);
        Assert.Equal(["PLAIN", "SCRAM-SHA-256"], session.GetProperty("mechanisms").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_user_is_refused_after_the_failed_authentication_delay()
    {
        using var session = new ConsoleSession(broker);

        foreach (var (user, password) in new[] { (SecuredConsoleBroker.Alice, "not-her-password"), ("mallory", "anything"), (SecuredConsoleBroker.Bob, SecuredConsoleBroker.AlicePassword) })
        {
            var watch = Stopwatch.StartNew();
            using var response = await session.SignInAsync(user, password);
            watch.Stop();

            await ConsoleSession.AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "SASL_AUTHENTICATION_FAILED");
            Assert.False(response.Headers.Contains("Set-Cookie"));
            Assert.True(watch.Elapsed >= SecuredConsoleBroker.FailedDelay * 0.9, $"answered after {watch.Elapsed}");
        }
        using var topics = await session.GetAsync("/topics");
        Assert.Equal(HttpStatusCode.Unauthorized, topics.StatusCode);
    }

    [Fact]
    public async Task Sign_ins_are_logged_without_passwords()
    {
        const string typo = "password-typed-as-user-name";
        using var session = new ConsoleSession(broker);
        using (var refused = await session.SignInAsync(typo, "wrong-password-1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var signedIn = await session.SignInAsync(SecuredConsoleBroker.Alice, SecuredConsoleBroker.AlicePassword))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        var lines = broker.Logs.ToList();
        Assert.Contains(lines, l => l.StartsWith("Authentication failed: principal=unknown host=127.0.0.1 mechanism=PLAIN,SCRAM-SHA-256 reason=web console sign-in", StringComparison.Ordinal));
        Assert.Contains(lines, l => l == "Web console: User:alice signed in with PLAIN from 127.0.0.1");
        Assert.DoesNotContain(lines, l => l.Contains("wrong-password-1", StringComparison.Ordinal) || l.Contains(typo, StringComparison.Ordinal)
            || l.Contains(SecuredConsoleBroker.AlicePassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_strict_cookie_that_signing_out_ends_on_the_server()
    {
        using var session = new ConsoleSession(broker);
        using var signIn = await session.SignInAsync(SecuredConsoleBroker.Alice, SecuredConsoleBroker.AlicePassword);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("User:alice", (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("principal").GetString());
        string cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        string token = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        Assert.True(token.Length > 40, "the token carries 32 random bytes");
        var state = await session.JsonAsync("/session");
        Assert.True(state.GetProperty("signedIn").GetBoolean());
        Assert.Equal("User:alice", state.GetProperty("principal").GetString());

        using var signOut = await session.DeleteAsync("/session");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        // The old cookie, sent again, names no session any more.
        using var replay = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, broker.Api("/topics"));
        request.Headers.Add("Cookie", token);
        using var refused = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_user_without_acls_sees_no_topics_and_may_not_create_one_until_granted()
    {
        using var admin = await ConsoleSession.SignedInAsync(broker, SecuredConsoleBroker.Admin, SecuredConsoleBroker.AdminPassword);
        using var alice = await ConsoleSession.SignedInAsync(broker, SecuredConsoleBroker.Alice, SecuredConsoleBroker.AlicePassword);
        using (var created = await admin.PostAsync("/topics", """{"name":"alice-existing","partitions":1,"replicationFactor":1}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.True(await ListedAsync(admin, "alice-existing"));

        Assert.DoesNotContain("alice-existing", await alice.TopicNamesAsync());
        using (var describe = await alice.GetAsync("/topics/alice-existing"))
        {
            await ConsoleSession.AssertRefusedAsync(describe, HttpStatusCode.Forbidden, "TOPIC_AUTHORIZATION_FAILED");
        }
        using (var refused = await alice.PostAsync("/topics", """{"name":"alice-new","partitions":1,"replicationFactor":1}"""))
        {
            await ConsoleSession.AssertRefusedAsync(refused, HttpStatusCode.Forbidden, "TOPIC_AUTHORIZATION_FAILED");
        }

        using (var kafkaAdmin = broker.AdminClient())
        {
            await kafkaAdmin.CreateAclsAsync([Allow("alice-", AclOperation.Create), Allow("alice-", AclOperation.Describe)]);
        }
        Assert.True(await ListedAsync(alice, "alice-existing"));
        using (var created = await alice.PostAsync("/topics", """{"name":"alice-new","partitions":1,"replicationFactor":1}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.True(await ListedAsync(alice, "alice-new"));
        // DELETE was not granted.
        using var delete = await alice.DeleteAsync("/topics/alice-new");
        await ConsoleSession.AssertRefusedAsync(delete, HttpStatusCode.Forbidden, "TOPIC_AUTHORIZATION_FAILED");
    }

    [Fact]
    public async Task The_super_user_may_do_everything()
    {
        using var admin = await ConsoleSession.SignedInAsync(broker, SecuredConsoleBroker.Admin, SecuredConsoleBroker.AdminPassword);

        using (var created = await admin.PostAsync("/topics", """{"name":"admin-made","partitions":2,"replicationFactor":1}"""))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.True(await ListedAsync(admin, "admin-made"));
        Assert.Equal(2, (await admin.JsonAsync("/topics/admin-made")).GetProperty("partitions").GetArrayLength());
        Assert.Equal(1, (await admin.JsonAsync("/brokers")).GetProperty("servingNodeId").GetInt32());
        Assert.NotEmpty((await admin.JsonAsync("/brokers/1/configs")).EnumerateArray());
        var security = await admin.JsonAsync("/security");
        Assert.True(security.GetProperty("authorizerEnabled").GetBoolean());
        Assert.StartsWith("The ACL authorizer checks every request:", security.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var deleted = await admin.DeleteAsync("/topics/admin-made");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(await ListedAsync(admin, "admin-made", expected: false));
    }

    [Fact]
    public async Task A_scram_user_signs_in_with_the_password_of_its_credential_and_is_checked_as_itself()
    {
        using var bob = await ConsoleSession.SignedInAsync(broker, SecuredConsoleBroker.Bob, SecuredConsoleBroker.BobPassword);

        var state = await bob.JsonAsync("/session");
        Assert.Equal("User:bob", state.GetProperty("principal").GetString());
        Assert.StartsWith("Signed in as User:bob: the authorizer checks", state.GetProperty("message").GetString(), StringComparison.Ordinal);
        var security = await bob.JsonAsync("/security");
        Assert.StartsWith("The ACL authorizer checks every request; User:bob may not describe ACLs (DESCRIBE on the cluster).",
            security.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var refused = await bob.PostAsync("/topics", """{"name":"bob-topic","partitions":1,"replicationFactor":1}""");
        await ConsoleSession.AssertRefusedAsync(refused, HttpStatusCode.Forbidden, "TOPIC_AUTHORIZATION_FAILED");
    }

    private static AclBinding Allow(string prefix, AclOperation operation) => new()
    {
        Pattern = new ResourcePattern { Type = ResourceType.Topic, Name = prefix, ResourcePatternType = ResourcePatternType.Prefixed },
        Entry = new AccessControlEntry { Principal = "User:alice", Host = "*", Operation = operation, PermissionType = AclPermissionType.Allow },
    };

    /// <summary>Whether the session's topic list shows the topic, asked until it matches <paramref name="expected"/> (bounded): the broker applies new topics and ACLs a moment after the controller commits them.</summary>
    private static async Task<bool> ListedAsync(ConsoleSession session, string topic, bool expected = true)
    {
        bool listed = !expected;
        for (int attempt = 0; attempt < 100 && listed != expected; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100);
            }
            listed = (await session.TopicNamesAsync()).Contains(topic);
        }
        return listed == expected;
    }
}
