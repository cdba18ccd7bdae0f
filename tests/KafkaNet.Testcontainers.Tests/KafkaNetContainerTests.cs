using Confluent.Kafka;

namespace KafkaNet.Testcontainers.Tests;

/// <summary>
/// The module against a real container of the image (KAFKANET_IMAGE, or kafkanet:latest built with
/// <c>docker build -f docker/Dockerfile -t kafkanet:latest .</c>); skipped where no Docker engine answers.
/// </summary>
public class KafkaNetContainerTests
{
    private static readonly string Image = Environment.GetEnvironmentVariable("KAFKANET_IMAGE") is { Length: > 0 } image
        ? image
        : KafkaNetBuilder.KafkaNetImage;

    [DockerFact]
    public async Task A_client_on_the_host_produces_and_consumes_through_the_mapped_port()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var kafka = new KafkaNetBuilder().WithImage(Image).Build();
        await kafka.StartAsync(timeout.Token);
        var bootstrap = kafka.GetBootstrapAddress();

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            for (var i = 0; i < 3; i++)
            {
                await producer.ProduceAsync("container-check", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" }, timeout.Token);
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "container-check",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("container-check");
        var read = new List<string>();
        for (var polls = 0; read.Count < 3 && polls < 60; polls++)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } result)
            {
                read.Add($"{result.Message.Key}={result.Message.Value}");
            }
        }
        consumer.Close();

        Assert.Equal(["k0=v0", "k1=v1", "k2=v2"], read);
    }

    [DockerFact]
    public async Task The_bootstrap_address_is_the_mapped_port_on_the_docker_host()
    {
        await using var kafka = new KafkaNetBuilder().WithImage(Image).Build();
        await kafka.StartAsync();

        Assert.Equal($"{kafka.Hostname}:{kafka.GetMappedPublicPort(KafkaNetBuilder.KafkaNetPort)}", kafka.GetBootstrapAddress());
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.GetBootstrapAddress() }).Build();
        var broker = Assert.Single(admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers);
        Assert.Equal(kafka.GetMappedPublicPort(KafkaNetBuilder.KafkaNetPort), broker.Port);
    }
}
