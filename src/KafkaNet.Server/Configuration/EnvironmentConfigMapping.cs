using System.Collections;
using System.Text;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Server properties given as environment variables, named the way the apache/kafka container image names them:
/// <c>KAFKA_</c> and the property in upper case, with <c>.</c> written <c>_</c>, <c>_</c> written <c>__</c> and
/// <c>-</c> written <c>___</c> (KAFKA_NODE_ID is node.id, KAFKA_LOG_DIRS log.dirs). <c>CLUSTER_ID</c> is cluster.id,
/// as the image takes it. Read only when <see cref="SwitchVariable"/> is <c>true</c> (the container image sets it):
/// like kafka-server-start, the server alone does not read its configuration from the environment.
/// </summary>
public static class EnvironmentConfigMapping
{
    /// <summary>Set to <c>true</c> to read KAFKA_* variables; the image's Dockerfile sets it.</summary>
    public const string SwitchVariable = "KAFKANET_CONFIG_FROM_ENV";

    private const string Prefix = "KAFKA_";
    private const string ClusterIdVariable = "CLUSTER_ID";

    /// <summary>
    /// KAFKA_ variables that are not server properties: the apache/kafka image passes them to the JVM, log4j or
    /// its scripts, and so never writes them to server.properties.
    /// </summary>
    public static IReadOnlySet<string> IgnoredVariables { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "KAFKA_VERSION",
        "KAFKA_HEAP_OPTS",
        "KAFKA_LOG4J_OPTS",
        "KAFKA_OPTS",
        "KAFKA_JMX_OPTS",
        "KAFKA_JVM_PERFORMANCE_OPTS",
        "KAFKA_GC_LOG_OPTS",
        "KAFKA_LOG4J_ROOT_LOGLEVEL",
        "KAFKA_LOG4J_LOGGERS",
        "KAFKA_TOOLS_LOG4J_LOGLEVEL",
        "KAFKA_JMX_HOSTNAME",
    };

    /// <summary>The property a variable sets, or null when it sets none.</summary>
    public static string? PropertyName(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (variable == ClusterIdVariable)
        {
            return "cluster.id";
        }

        if (!variable.StartsWith(Prefix, StringComparison.Ordinal) || variable.Length == Prefix.Length || IgnoredVariables.Contains(variable))
        {
            return null;
        }

        return Decode(variable[Prefix.Length..]);
    }

    /// <summary>
    /// The properties the variables set, or none unless <see cref="SwitchVariable"/> is <c>true</c>. CLUSTER_ID comes
    /// first so that KAFKA_CLUSTER_ID wins over it; the rest in ordinal order of their names, so a property written two
    /// ways (KAFKA_LOG_DIRS and kafka_log_dirs are not the same variable) resolves the same way on every start.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.Equals(environment[SwitchVariable] as string, "true", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var variables = new List<string>();
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && PropertyName(name) is not null)
            {
                variables.Add(name);
            }
        }

        return variables
            .OrderBy(name => name == ClusterIdVariable ? 0 : 1)
            .ThenBy(name => name, StringComparer.Ordinal)
            .Select(name => new KeyValuePair<string, string>(PropertyName(name)!, environment[name] as string ?? string.Empty))
            .ToList();
    }

    /// <summary>The properties this process's environment sets.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadProcessEnvironment() => Read(Environment.GetEnvironmentVariables());

    // Runs of underscores: one is a dot, two an underscore, three a dash (longer runs split into threes first).
    private static string Decode(string name)
    {
        var property = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length)
        {
            if (name[i] != '_')
            {
                property.Append(char.ToLowerInvariant(name[i++]));
                continue;
            }

            var run = 0;
            while (i < name.Length && name[i] == '_')
            {
                run++;
                i++;
            }

            for (; run >= 3; run -= 3)
            {
                property.Append('-');
            }

            property.Append(run switch { 2 => "_", 1 => ".", _ => string.Empty });
        }

        return property.ToString();
    }
}
