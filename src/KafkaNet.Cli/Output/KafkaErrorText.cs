using Confluent.Kafka;
using KafkaNet.Protocol;
using ConfluentErrorCode = Confluent.Kafka.ErrorCode;

namespace KafkaNet.Cli.Output;

/// <summary>An error as the commands print it: Kafka's error name for a broker's error, the client's name for a local one.</summary>
internal static class KafkaErrorText
{
    public static string Name(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.Code;
        return code >= ConfluentErrorCode.Unknown ? ErrorCodes.Name((KafkaNet.Protocol.ErrorCode)(short)code) : code.ToString();
    }

    /// <summary>"UNKNOWN_TOPIC_OR_PARTITION: reason".</summary>
    public static string Describe(Error error) => $"{Name(error)}: {error.Reason}";
}
