using System.Globalization;
using KafkaNet.Cli.Arguments;
using static KafkaNet.Cli.Configs.ConfigEntityType;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// What --alter may change for clients and users, as Kafka's tool allows it: client quotas (numbers) for both, and
/// SCRAM credentials for a single named user, never both in one run.
/// </summary>
internal static class QuotaConfigs
{
    public static readonly IReadOnlySet<string> QuotaNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "producer_byte_rate", "consumer_byte_rate", "request_percentage", "controller_mutation_rate",
    };

    public static readonly IReadOnlySet<string> ScramMechanisms = new HashSet<string>(StringComparer.Ordinal) { "SCRAM-SHA-256", "SCRAM-SHA-512" };

    /// <summary>True when the alteration is of SCRAM credentials, false when of client quotas.</summary>
    /// <exception cref="UsageException">A config that is neither, or both kinds at once.</exception>
    public static bool Check(IReadOnlyList<string> types, IReadOnlyList<string> names,
        IReadOnlyList<KeyValuePair<string, string>> adds, IReadOnlyList<string> deletes)
    {
        var added = adds.Select(a => a.Key).ToList();
        bool forClients = types.Contains(ClientType);
        string entity = forClients ? ClientType : UserType;
        string allowed = forClients ? "quota configs" : "quota and SCRAM credential configs";
        var unexpectedAdds = added.Where(k => !QuotaNames.Contains(k) && (forClients || !ScramMechanisms.Contains(k))).ToList();
        var unexpectedDeletes = deletes.Where(k => !QuotaNames.Contains(k) && (forClients || !ScramMechanisms.Contains(k))).ToList();
        if (unexpectedAdds.Count > 0)
        {
            throw new UsageException($"Only {allowed} can be added for '{entity}' using --bootstrap-server. Unexpected config names: {string.Join(",", unexpectedAdds)}");
        }

        if (unexpectedDeletes.Count > 0)
        {
            throw new UsageException($"Only {allowed} can be deleted for '{entity}' using --bootstrap-server. Unexpected config names: {string.Join(",", unexpectedDeletes)}");
        }

        bool scram = added.Concat(deletes).Any(ScramMechanisms.Contains);
        bool quota = added.Concat(deletes).Any(QuotaNames.Contains);
        if (scram && names.Any(n => n.Length == 0))
        {
            throw new UsageException("The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.");
        }

        if (scram && quota)
        {
            throw new UsageException($"Cannot alter both quota and SCRAM credential configs simultaneously for '{UserType}' using --bootstrap-server.");
        }

        foreach (var (key, value) in adds.Where(a => QuotaNames.Contains(a.Key)))
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw new UsageException($"Cannot parse quota configuration value for {key}: {value}");
            }
        }

        return scram;
    }
}
