using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>SCRAM-SHA-512 over SASL_SSL with Confluent.Kafka clients, users created with the AdminClient.</summary>
public sealed class ScramSaslSslTests : IAsyncLifetime
{
    private const string Topic = "scram-ssl";
    private ScramNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await ScramNode.StartAsync("SASL_SSL", "SCRAM-SHA-512");
        await _node.CreateUserAsync("alice", "alice-secret", iterations: 8192);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_producer_and_a_consumer_authenticate_with_scram_sha_512()
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(_node.Client("alice", "alice-secret"))).Build())
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "hello over scram" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(_node.Client("alice", "alice-secret"))
        {
            GroupId = "scram-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(20));
        consumer.Close();

        Assert.Equal("hello over scram", consumed?.Message.Value);
    }

    [Fact]
    public async Task The_admin_client_describes_mechanisms_and_iterations_and_refuses_what_kafka_refuses()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig(_node.Client("admin", ScramNode.AdminPassword, "PLAIN"))).Build();

        var described = await admin.DescribeUserScramCredentialsAsync(["alice"]);
        var failed = await Assert.ThrowsAsync<DescribeUserScramCredentialsException>(() => admin.DescribeUserScramCredentialsAsync(["nobody"]));
        var tooFew = await Assert.ThrowsAsync<AlterUserScramCredentialsException>(() => admin.AlterUserScramCredentialsAsync(
            [new UserScramCredentialUpsertion { User = "bob", ScramCredentialInfo = new() { Mechanism = ScramMechanism.ScramSha512, Iterations = 1000 }, Password = "x"u8.ToArray() }]));

        var alice = Assert.Single(described.UserScramCredentialsDescriptions);
        Assert.Equal("alice", alice.User);
        var info = Assert.Single(alice.ScramCredentialInfos);
        Assert.Equal((ScramMechanism.ScramSha512, 8192), (info.Mechanism, info.Iterations));
        var nobody = Assert.Single(failed.Results.UserScramCredentialsDescriptions);
        Assert.Equal(Confluent.Kafka.ErrorCode.ResourceNotFound, nobody.Error.Code);
        // librdkafka reads one byte past this string's end, so the reason it reports carries a stray last character.
        Assert.StartsWith("Attempt to describe a user credential that does not exist: nobody", nobody.Error.Reason, StringComparison.Ordinal);
        var bob = Assert.Single(tooFew.Results);
        Assert.Equal((Confluent.Kafka.ErrorCode.UnacceptableCredential, "Too few iterations"), (bob.Error.Code, bob.Error.Reason));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_after_the_delay_and_others_are_still_served()
    {
        var errors = new List<Error>();
        var watch = Stopwatch.StartNew();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(_node.Client("alice", "wrong-secret")) { MessageTimeoutMs = 5000 })
            .SetErrorHandler((_, e) => { lock (errors) { errors.Add(e); } })
            .Build())
        {
            await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(Topic, new Message<Null, string> { Value = "refused" }));
        }
        lock (errors)
        {
            var authentication = Assert.Single(errors.Where(e => e.Code == Confluent.Kafka.ErrorCode.Local_Authentication).Take(1));
            Assert.Contains("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512", authentication.Reason, StringComparison.Ordinal);
        }
        Assert.True(watch.Elapsed >= ScramNode.FailedDelay, $"refused after {watch.Elapsed}");

        using var other = new ProducerBuilder<Null, string>(new ProducerConfig(_node.Client("alice", "alice-secret"))).Build();
        Assert.Equal(PersistenceStatus.Persisted, (await other.ProduceAsync(Topic, new Message<Null, string> { Value = "still served" })).Status);
        Assert.DoesNotContain(_node.Logs.Messages, m => m.Contains("wrong-secret", StringComparison.Ordinal) || m.Contains("alice-secret", StringComparison.Ordinal));
    }
}
