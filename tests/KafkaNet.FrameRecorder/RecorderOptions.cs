using System.Net;

namespace KafkaNet.FrameRecorder;

/// <summary>Command line: where to listen, where the broker is, where frames go and under which client name.</summary>
internal sealed record RecorderOptions(IPEndPoint Listen, IPEndPoint Target, string OutputDirectory, string Client, int MaxPerApiVersion, int MaxFrameBytes, long MaxClientBytes)
{
    public const string Usage =
        "usage: kafkanet-frame-recorder --listen 127.0.0.1:PORT --target 127.0.0.1:PORT --out DIR --client NAME "
        + "[--max-per-version 20] [--max-frame-bytes 65536] [--max-client-bytes 1048576]";

    public static RecorderOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }
        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"missing {name}\n{Usage}");
        int Optional(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        return new RecorderOptions(
            IPEndPoint.Parse(Required("--listen")),
            IPEndPoint.Parse(Required("--target")),
            Required("--out"),
            Required("--client"),
            Optional("--max-per-version", 20),
            Optional("--max-frame-bytes", 64 * 1024),
            Optional("--max-client-bytes", 1024 * 1024));
    }
}
