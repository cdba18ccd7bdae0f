using System.Globalization;

namespace KafkaNet.Fuzz;

/// <summary>Command-line settings of one fuzz run.</summary>
internal sealed class FuzzOptions
{
    public int Seed { get; private set; } = 1;
    public long Frames { get; private set; }
    public TimeSpan? Duration { get; private set; }
    public int Connections { get; private set; } = 4;
    public int PipelineDepth { get; private set; } = 8;
    public string? BootstrapServer { get; private set; }
    public string? ServerDll { get; private set; }
    public string? CorpusDirectory { get; private set; }
    public string? WorkDirectory { get; private set; }
    public TimeSpan HangTimeout { get; private set; } = TimeSpan.FromSeconds(20);
    public long RssGrowthBoundMb { get; private set; } = 256;
    public int WarmupFrames { get; private set; } = 3000;
    public bool KeepData { get; private set; }
    public bool Quiet { get; private set; }

    public static FuzzOptions Parse(string[] args)
    {
        var o = new FuzzOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--frames": o.Frames = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--duration": o.Duration = ParseDuration(Next()); break;
                case "--connections": o.Connections = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 64); break;
                case "--pipeline": o.PipelineDepth = Math.Clamp(int.Parse(Next(), CultureInfo.InvariantCulture), 1, 64); break;
                case "--bootstrap-server": o.BootstrapServer = Next(); break;
                case "--server-dll": o.ServerDll = Next(); break;
                case "--corpus": o.CorpusDirectory = Next(); break;
                case "--work-dir": o.WorkDirectory = Next(); break;
                case "--hang-timeout": o.HangTimeout = ParseDuration(Next()); break;
                case "--rss-growth-mb": o.RssGrowthBoundMb = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup-frames": o.WarmupFrames = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--keep-data": o.KeepData = true; break;
                case "--quiet": o.Quiet = true; break;
                case "--help" or "-h": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }
        if (o.Frames <= 0 && o.Duration is null)
        {
            o.Frames = 20_000;
        }
        return o;
    }

    /// <summary>"90", "90s", "15m" or "2h".</summary>
    private static TimeSpan ParseDuration(string text)
    {
        char unit = text[^1];
        string number = char.IsDigit(unit) ? text : text[..^1];
        double value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    public const string Usage =
        "kafkanet-fuzz [--seed N] [--frames N] [--duration 90s|15m] [--connections N] [--pipeline N]\n" +
        "              [--bootstrap-server 127.0.0.1:PORT] [--server-dll PATH] [--corpus DIR] [--work-dir DIR]\n" +
        "              [--hang-timeout 20s] [--rss-growth-mb N] [--warmup-frames N] [--keep-data] [--quiet]";
}
