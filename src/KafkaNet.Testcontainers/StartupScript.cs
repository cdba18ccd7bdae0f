using System.Globalization;

namespace KafkaNet.Testcontainers;

/// <summary>
/// The script the container runs once its client port is mapped: clients outside the container must be told the
/// host's address and the mapped port, which Docker only picks when the container starts, so the builder's command
/// waits for this script, copied in by the startup callback, before it starts the broker.
/// </summary>
internal static class StartupScript
{
    public const string Path = "/testcontainers.sh";

    /// <summary>The container's command: wait for the script, then run it.</summary>
    public static string WaitThenRun { get; } = $"while [ ! -f {Path} ]; do sleep 0.1; done; exec {Path}";

    public static string Create(string host, ushort mappedClientPort) =>
        "#!/bin/sh\n"
        + $"export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://{host}:{mappedClientPort.ToString(CultureInfo.InvariantCulture)}\n"
        + $"exec {KafkaNetBuilder.ServerPath} {KafkaNetBuilder.PropertiesPath}\n";
}
