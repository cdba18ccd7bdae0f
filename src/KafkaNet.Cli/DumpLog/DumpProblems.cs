namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// What the dump found wrong, printed to stderr after every file was dumped, in kafka-dump-log's words:
/// index entries that do not match the log, time index errors, and gaps between record offsets.
/// </summary>
internal sealed class DumpProblems
{
    private readonly Dictionary<string, List<(long Index, long Log)>> _indexMismatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Index, long Log)>> _timestampMismatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Index, long Previous)>> _outOfOrderTimestamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long Index, long Log)>> _indexedOffsetsNotFound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(long First, long Second)>> _nonConsecutiveOffsets = new(StringComparer.Ordinal);

    public void IndexMismatch(string file, long indexOffset, long logOffset) => Add(_indexMismatches, file, (indexOffset, logOffset));

    public void TimestampMismatch(string file, long indexTimestamp, long logTimestamp) => Add(_timestampMismatches, file, (indexTimestamp, logTimestamp));

    public void OutOfOrderTimestamp(string file, long indexTimestamp, long previous) => Add(_outOfOrderTimestamps, file, (indexTimestamp, previous));

    /// <summary>A time index entry names an offset no batch ends at; <paramref name="logOffset"/> is -1 when no batch reaches it.</summary>
    public void IndexedOffsetNotFound(string file, long indexOffset, long logOffset) => Add(_indexedOffsetsNotFound, file, (indexOffset, logOffset));

    public void NonConsecutiveOffsets(string file, long first, long second) => Add(_nonConsecutiveOffsets, file, (first, second));

    public async Task PrintAsync(TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        foreach ((string file, var mismatches) in _indexMismatches)
        {
            await stderr.WriteLineAsync($"Mismatches in :{file}").ConfigureAwait(false);
            foreach ((long index, long log) in mismatches)
            {
                await stderr.WriteLineAsync($"  Index offset: {index}, log offset: {log}").ConfigureAwait(false);
            }
        }

        foreach ((string file, var mismatches) in _timestampMismatches)
        {
            await stderr.WriteLineAsync($"Found timestamp mismatch in :{file}").ConfigureAwait(false);
            foreach ((long index, long log) in mismatches)
            {
                await stderr.WriteLineAsync($"  Index timestamp: {index}, log timestamp: {log}").ConfigureAwait(false);
            }
        }

        foreach ((string file, var timestamps) in _outOfOrderTimestamps)
        {
            await stderr.WriteLineAsync($"Found out of order timestamp in :{file}").ConfigureAwait(false);
            foreach ((long index, long previous) in timestamps)
            {
                await stderr.WriteLineAsync($"  Index timestamp: {index}, Previously indexed timestamp: {previous}").ConfigureAwait(false);
            }
        }

        foreach (var offsets in _indexedOffsetsNotFound.Values)
        {
            await stderr.WriteLineAsync("The following indexed offsets are not found in the log.").ConfigureAwait(false);
            foreach ((long index, long log) in offsets)
            {
                await stderr.WriteLineAsync($"Indexed offset: {index}, found log offset: {log}").ConfigureAwait(false);
            }
        }

        foreach ((string file, var pairs) in _nonConsecutiveOffsets)
        {
            await stderr.WriteLineAsync($"Non-consecutive offsets in {file}").ConfigureAwait(false);
            foreach ((long first, long second) in pairs)
            {
                await stderr.WriteLineAsync($"  {first} is followed by {second}").ConfigureAwait(false);
            }
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> problems, string file, T problem)
    {
        if (!problems.TryGetValue(file, out var list))
        {
            problems[file] = list = [];
        }

        list.Add(problem);
    }
}
