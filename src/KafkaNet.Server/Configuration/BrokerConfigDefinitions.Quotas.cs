namespace KafkaNet.Server.Configuration;

/// <summary>The client quota rows of the configuration table.</summary>
public static partial class BrokerConfigDefinitions
{
    // ---- Client quotas ----
    public static readonly ConfigDefinition QuotaWindowNum = Define(
        "quota.window.num", ConfigType.Int, "11",
        "The number of samples a client quota's byte rate is measured over.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition QuotaWindowSizeSeconds = Define(
        "quota.window.size.seconds", ConfigType.Int, "1",
        "The length in seconds of one sample of a client quota's byte rate.",
        ConfigValidators.AtLeast(1));
}
