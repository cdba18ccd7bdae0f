using System.Globalization;
using System.Text;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>One line of a worker's log: "A" (accepted, confirmed by a commit) or "H" (held unacknowledged).</summary>
internal sealed record WorkerLine(string Worker, char Kind, int Partition, long Offset, short DeliveryCount, int Value, long ReceivedAt);

/// <summary>Reads a worker's log as it grows, complete lines only (the worker may be writing the next one).</summary>
internal sealed class WorkerLog(string worker, string path)
{
    private readonly List<WorkerLine> _lines = [];
    private long _position;

    public string Worker { get; } = worker;

    public IReadOnlyList<WorkerLine> Lines => _lines;

    /// <summary>Reads the lines completed since the last call.</summary>
    public void Refresh()
    {
        if (!File.Exists(path))
        {
            return;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = _position;
        byte[] bytes = new byte[stream.Length - _position];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        int end = read == 0 ? -1 : Array.LastIndexOf(bytes, (byte)'\n', read - 1);
        if (end < 0)
        {
            return;
        }
        _position += end + 1;
        foreach (string line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
        {
            string[] f = line.Split(' ');
            _lines.Add(new WorkerLine(Worker, f[0][0], int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
                short.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture)));
        }
    }
}
