using System.Globalization;
using System.Text;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// Hands out producer ids in blocks of <see cref="BlockSize"/>, as Kafka's controller does. The end of a block is
/// written to the data directory (replaced atomically and fsynced) before any id of it is handed out, so after a
/// restart, kill -9 included, ids start past every block ever used and none is handed out twice.
/// </summary>
internal sealed class ProducerIdManager
{
    public const int BlockSize = 1000;
    public const string FileName = "producer-ids";
    private const int FileVersion = 1;

    private readonly string _path;
    private readonly Lock _lock = new();
    private long _next;
    private long _blockEnd;

    /// <exception cref="InvalidDataException">The file exists but is not one this broker wrote.</exception>
    public ProducerIdManager(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, FileName);
        DurableFile.DeleteLeftover(_path);
        _blockEnd = File.Exists(_path) ? Parse(File.ReadAllText(_path), _path) : 0;
        _next = _blockEnd;
    }

    /// <summary>Where the next block starts: every id below it may have been handed out.</summary>
    public long NextBlockStart
    {
        get
        {
            lock (_lock)
            {
                return _blockEnd;
            }
        }
    }

    /// <summary>A producer id never handed out before.</summary>
    /// <exception cref="InvalidOperationException">Every producer id has been used.</exception>
    /// <exception cref="IOException">The block could not be made durable; no id of it was handed out.</exception>
    public long Generate()
    {
        lock (_lock)
        {
            if (_next >= _blockEnd)
            {
                if (_blockEnd > long.MaxValue - BlockSize)
                {
                    throw new InvalidOperationException("Every producer id has been handed out.");
                }
                long end = _blockEnd + BlockSize;
                Persist(end);
                _next = _blockEnd;
                _blockEnd = end;
            }
            return _next++;
        }
    }

    private void Persist(long blockEnd)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"version={FileVersion}\nnext.block.start={blockEnd}\n");
        DurableFile.Replace(_path, Encoding.UTF8.GetBytes(text));
    }

    private static long Parse(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }
        if (values.GetValueOrDefault("version") != FileVersion.ToString(CultureInfo.InvariantCulture)
            || !long.TryParse(values.GetValueOrDefault("next.block.start"), NumberStyles.None, CultureInfo.InvariantCulture, out long start))
        {
            throw new InvalidDataException($"{path} is not a version {FileVersion} producer id file; refusing to hand out ids that may repeat.");
        }
        return start;
    }
}
