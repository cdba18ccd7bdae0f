using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol;
using KafkaNet.Server.Configuration;
using ConfluentErrorCode = Confluent.Kafka.ErrorCode;

namespace KafkaNet.Cli.Admin;

/// <summary>What the admin commands share: their client properties and Kafka's names for the errors they report.</summary>
internal static class AdminClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>--bootstrap-server over the properties of the --command-config file, if one was given.</summary>
    public static Dictionary<string, string> Properties(string bootstrapServers, string? commandConfig)
    {
        IReadOnlyDictionary<string, string> file;
        try
        {
            file = commandConfig is { } path ? CommandConfigFile.Load(path) : new Dictionary<string, string>();
        }
        catch (ConfigException e)
        {
            throw new AdminCommandException(e.Message, e);
        }

        return Perf.ClientProperties.Merge(bootstrapServers, file);
    }

    public static IAdminClient Build(IEnumerable<KeyValuePair<string, string>> properties) =>
        new AdminClientBuilder(new AdminClientConfig(properties.ToDictionary())).Build();

    /// <summary>Kafka's name for a broker's error, e.g. GROUP_ID_NOT_FOUND; the client's own name for a local one.</summary>
    public static string ErrorName(Error error)
    {
        var code = error.Code;
        return code >= ConfluentErrorCode.Unknown ? ErrorCodes.Name((KafkaNet.Protocol.ErrorCode)(short)code) : code.ToString();
    }

    /// <summary>"TOPIC_ALREADY_EXISTS: Topic 'orders' already exists. (orders)".</summary>
    public static AdminCommandException Refused(Error error, string subject) =>
        new($"{ErrorName(error)}: {error.Reason} ({subject})");
}
