using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace KafkaNet.FrameRecorder;

/// <summary>
/// Writes request frames (without their size prefix) as &lt;client&gt;/&lt;NNNNN&gt;-k&lt;key&gt;-v&lt;version&gt;.bin.
/// Identical frames are kept once, each API key and version at most a fixed number of times, and
/// a client's files stay under a byte budget, so the corpus stays small and varied. Frames already
/// in the directory count, so a recorder restarted for the same client carries on.
/// </summary>
internal sealed class FrameStore
{
    private readonly object _gate = new();
    private readonly string _directory;
    private readonly int _maxPerApiVersion;
    private readonly int _maxFrameBytes;
    private readonly long _maxClientBytes;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<(short, short), int> _perApiVersion = [];
    private int _next;
    private long _bytes;

    public FrameStore(RecorderOptions options)
    {
        _directory = Path.Combine(options.OutputDirectory, options.Client);
        _maxPerApiVersion = options.MaxPerApiVersion;
        _maxFrameBytes = options.MaxFrameBytes;
        _maxClientBytes = options.MaxClientBytes;
        Directory.CreateDirectory(_directory);
        foreach (var path in Directory.GetFiles(_directory, "*.bin"))
        {
            Remember(File.ReadAllBytes(path));
            _next = Math.Max(_next, int.Parse(Path.GetFileName(path)[..5], CultureInfo.InvariantCulture) + 1);
        }
    }

    public int Written { get; private set; }

    /// <summary>Records <paramref name="frame"/> unless it is a duplicate, too large or over a cap; true when written.</summary>
    public bool Record(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4 || frame.Length > _maxFrameBytes)
        {
            return false;
        }
        short apiKey = BinaryPrimitives.ReadInt16BigEndian(frame);
        short version = BinaryPrimitives.ReadInt16BigEndian(frame[2..]);
        // The correlation id (bytes 4..8) differs on every request; it does not make a frame new.
        string hash = Hash(frame);
        lock (_gate)
        {
            if (_seen.Contains(hash)
                || _perApiVersion.GetValueOrDefault((apiKey, version)) >= _maxPerApiVersion
                || _bytes + frame.Length > _maxClientBytes)
            {
                return false;
            }
            string name = $"{_next++:D5}-k{apiKey}-v{version}.bin";
            File.WriteAllBytes(Path.Combine(_directory, name), frame.ToArray());
            Remember(frame);
            Written++;
            return true;
        }
    }

    private void Remember(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4)
        {
            return;
        }
        _seen.Add(Hash(frame));
        var key = (BinaryPrimitives.ReadInt16BigEndian(frame), BinaryPrimitives.ReadInt16BigEndian(frame[2..]));
        _perApiVersion[key] = _perApiVersion.GetValueOrDefault(key) + 1;
        _bytes += frame.Length;
    }

    private static string Hash(ReadOnlySpan<byte> frame)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(frame[..4]);
        if (frame.Length > 8)
        {
            sha.AppendData(frame[8..]);
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
