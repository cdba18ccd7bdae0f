namespace KafkaNet.Broker;

/// <summary>process.roles as flags: a KRaft node is a broker, a controller, or both (combined mode).</summary>
[Flags]
public enum ProcessRoles
{
    None = 0,
    Broker = 1,
    Controller = 2,
}
