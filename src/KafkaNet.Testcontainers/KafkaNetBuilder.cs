using System.Globalization;
using System.Text;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace KafkaNet.Testcontainers;

/// <summary>
/// Builds a <see cref="KafkaNetContainer"/>: one KafkaNet node (broker and controller) from the image
/// <c>docker/Dockerfile</c> builds, configured by KAFKA_* environment variables, with its client listener on a random
/// host port and advertised as that port, in the manner of Testcontainers.Kafka's KafkaBuilder:
/// <c>await using var kafka = new KafkaNetBuilder().WithImage("kafkanet:latest").Build();</c>
/// </summary>
public sealed class KafkaNetBuilder : ContainerBuilder<KafkaNetBuilder, KafkaNetContainer, KafkaNetConfiguration>
{
    /// <summary>The image used unless <c>WithImage</c> names another: a local build of docker/Dockerfile.</summary>
    public const string KafkaNetImage = "kafkanet:latest";

    /// <summary>The client listener's port in the container.</summary>
    public const ushort KafkaNetPort = 9092;

    /// <summary>The node id of the broker.</summary>
    public const string NodeId = "1";

    /// <summary>The image's server binary and properties file (its ENTRYPOINT).</summary>
    public const string ServerPath = "/opt/kafkanet/kafkanet-server";

    /// <inheritdoc cref="ServerPath"/>
    public const string PropertiesPath = "/etc/kafkanet/server.properties";

    /// <summary>Logged once the broker serves clients.</summary>
    private const string StartedMessage = "KafkaNet broker node.id=";

    public KafkaNetBuilder()
        : this(new KafkaNetConfiguration())
    {
        DockerResourceConfiguration = Init().DockerResourceConfiguration;
    }

    private KafkaNetBuilder(KafkaNetConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    /// <summary>The configuration built so far, for tests of the builder that run without Docker.</summary>
    internal KafkaNetConfiguration Configuration => DockerResourceConfiguration;

    protected override KafkaNetConfiguration DockerResourceConfiguration { get; }

    /// <summary>Sets a broker property, named as in server.properties (num.partitions), through its KAFKA_ variable.</summary>
    public KafkaNetBuilder WithProperty(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return WithEnvironment(EnvironmentVariableName(name), value);
    }

    public override KafkaNetContainer Build()
    {
        Validate();
        var withScript = WithStartupCallback((container, ct) =>
        {
            var script = StartupScript.Create(container.Hostname, container.GetMappedPublicPort(KafkaNetPort));
            return container.CopyAsync(Encoding.UTF8.GetBytes(script), StartupScript.Path, fileMode: Unix.FileMode755, ct: ct);
        });
        return new KafkaNetContainer(withScript.DockerResourceConfiguration);
    }

    /// <summary>The KAFKA_ variable of a property, as the image reads it: '.' as '_', '_' as '__', '-' as '___'.</summary>
    internal static string EnvironmentVariableName(string property) =>
        "KAFKA_" + property
            .Replace("_", "__", StringComparison.Ordinal)
            .Replace("-", "___", StringComparison.Ordinal)
            .Replace(".", "_", StringComparison.Ordinal)
            .ToUpperInvariant();

    protected override KafkaNetBuilder Init() =>
        base.Init()
            .WithImage(KafkaNetImage)
            .WithPortBinding(KafkaNetPort, true)
            .WithEnvironment("KAFKA_NODE_ID", NodeId)
            .WithEnvironment("KAFKA_LISTENERS", $"PLAINTEXT://0.0.0.0:{KafkaNetPort.ToString(CultureInfo.InvariantCulture)}")
            // Tests want groups to form at once and the internal topics small.
            .WithEnvironment("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .WithEnvironment("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
            .WithEntrypoint("/bin/sh", "-c")
            .WithCommand(StartupScript.WaitThenRun)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged(StartedMessage));

    protected override KafkaNetBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new KafkaNetConfiguration(resourceConfiguration));

    protected override KafkaNetBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new KafkaNetConfiguration(resourceConfiguration));

    protected override KafkaNetBuilder Merge(KafkaNetConfiguration oldValue, KafkaNetConfiguration newValue) =>
        new(new KafkaNetConfiguration(oldValue, newValue));
}
