namespace KafkaNet.Broker.Configs;

/// <summary>
/// Something the node runs that takes changes of dynamic broker configs at once, as Kafka's reconfigurables do (a
/// listener's TLS stores): asked first whether a change can be applied, then given the configs in force.
/// </summary>
public interface IBrokerReconfigurable
{
    /// <summary>Whether a change of the config named <paramref name="name"/> concerns it.</summary>
    bool Reconfigures(string name);

    /// <summary>Null when the configs <paramref name="proposed"/> would put in force can be applied, else why not.</summary>
    string? Validate(BrokerConfigLayers proposed);

    /// <summary>Takes the configs in force; what cannot be applied is logged and left as it was.</summary>
    void Reconfigure(BrokerConfigLayers layers);
}
