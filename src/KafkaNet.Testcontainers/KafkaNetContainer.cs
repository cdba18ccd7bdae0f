using System.Globalization;
using DotNet.Testcontainers.Containers;

namespace KafkaNet.Testcontainers;

/// <summary>A KafkaNet broker in a container, built by <see cref="KafkaNetBuilder"/>.</summary>
public sealed class KafkaNetContainer : DockerContainer
{
    public KafkaNetContainer(KafkaNetConfiguration configuration)
        : base(configuration)
    {
    }

    /// <summary>The bootstrap address clients on the Docker host use: <c>host:port</c>, the port mapped to the broker's 9092.</summary>
    public string GetBootstrapAddress() =>
        $"{Hostname}:{GetMappedPublicPort(KafkaNetBuilder.KafkaNetPort).ToString(CultureInfo.InvariantCulture)}";
}
