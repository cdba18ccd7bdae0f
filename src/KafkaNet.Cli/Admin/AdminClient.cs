using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using KafkaNet.Server.Configuration;

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
            throw new CommandFailedException(e.Message, e);
        }

        return ClientSecurity.ForLibrdkafka(Perf.ClientProperties.Merge(bootstrapServers, file));
    }

    public static IAdminClient Build(IEnumerable<KeyValuePair<string, string>> properties) =>
        new AdminClientBuilder(new AdminClientConfig(properties.ToDictionary())).Build();

    /// <summary>"TOPIC_ALREADY_EXISTS: Topic 'orders' already exists. (orders)".</summary>
    public static CommandFailedException Refused(Error error, string subject) =>
        new($"{KafkaErrorText.Describe(error)} ({subject})");
}
