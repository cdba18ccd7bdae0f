using System.Globalization;
using KafkaNet.Broker.Security.Scram;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// listener.name.&lt;listener&gt;.scram-sha-256.sasl.jaas.config (and -512): optional, as a SCRAM listener's users live
/// in the metadata log, but when written it must name Kafka's ScramLoginModule.
/// </summary>
internal static class ScramJaasConfig
{
    public const string ScramLoginModule = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /// <exception cref="ConfigException">A SCRAM JAAS configuration is unreadable or names another login module.</exception>
    public static void Check(BrokerConfig config, string listenerPrefix, IEnumerable<string> mechanisms)
    {
        foreach (var mechanism in ScramMechanism.All.Where(m => mechanisms.Contains(m.Name)))
        {
            string name = listenerPrefix + mechanism.Name.ToLowerInvariant() + ".sasl.jaas.config";
            if (!config.Properties.TryGetValue(name, out string? text))
            {
                continue;
            }
            JaasConfig jaas;
            try
            {
                jaas = JaasConfig.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ConfigException(name, "[hidden]", e.Message);
            }
            if (jaas.LoginModule != ScramLoginModule)
            {
                throw new ConfigException(name, "[hidden]", string.Format(CultureInfo.InvariantCulture, "the login module is {0}, {1} needs {2}", jaas.LoginModule, mechanism.Name, ScramLoginModule));
            }
        }
    }
}
