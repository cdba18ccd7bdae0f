using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace KafkaNet.Testcontainers;

/// <summary>The configuration of a <see cref="KafkaNetContainer"/>: a container's, with nothing of its own.</summary>
public sealed class KafkaNetConfiguration : ContainerConfiguration
{
    public KafkaNetConfiguration()
    {
    }

    public KafkaNetConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    public KafkaNetConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    public KafkaNetConfiguration(KafkaNetConfiguration resourceConfiguration)
        : this(new KafkaNetConfiguration(), resourceConfiguration)
    {
    }

    public KafkaNetConfiguration(KafkaNetConfiguration oldValue, KafkaNetConfiguration newValue)
        : base(oldValue, newValue)
    {
    }
}
