using System.Globalization;
using KafkaNet.Cli.Arguments;
using KafkaNet.Storage;

namespace KafkaNet.Cli.DumpLog;

/// <summary>The files of one segment, named by its base offset as the log names them (00000000000000000042.log).</summary>
internal static class SegmentNames
{
    /// <summary>A metadata snapshot's suffix; its batches are dumped as a segment's.</summary>
    public const string SnapshotCheckpointSuffix = ".checkpoint";

    // The snapshot a cluster is formatted with.
    private const string BootstrapSnapshot = "bootstrap.checkpoint";

    /// <summary>
    /// What kafka-dump-log prints before a file's batches: the segment's base offset, or the end offset and epoch of a
    /// metadata snapshot (named 00000000000000000042-0000000003.checkpoint); null when the name tells neither.
    /// </summary>
    public static string? Describe(string path)
    {
        string name = Path.GetFileName(path);
        if (name == BootstrapSnapshot)
        {
            return "KRaft bootstrap snapshot";
        }

        if (!name.EndsWith(SnapshotCheckpointSuffix, StringComparison.Ordinal))
        {
            return TryBaseOffset(path, out long baseOffset) ? $"Log starting offset: {baseOffset}" : null;
        }

        string[] id = name[..^SnapshotCheckpointSuffix.Length].Split('-');
        return id.Length == 2
            && long.TryParse(id[0], NumberStyles.None, CultureInfo.InvariantCulture, out long endOffset)
            && int.TryParse(id[1], NumberStyles.None, CultureInfo.InvariantCulture, out int epoch)
            ? $"Snapshot end offset: {endOffset}, epoch: {epoch}"
            : null;
    }

    /// <summary>The base offset of an index file: its entries are relative to it.</summary>
    /// <exception cref="CommandFailedException">The file name does not start with a base offset.</exception>
    public static long BaseOffsetOf(string path) =>
        TryBaseOffset(path, out long baseOffset)
            ? baseOffset
            : throw new CommandFailedException($"{path} is not named by the base offset of its segment (20 digits).");

    /// <summary>The .log file of the segment <paramref name="path"/> belongs to.</summary>
    public static string LogFileOf(string path) => LogFileNames.LogFile(DirectoryOf(path), BaseOffsetOf(path));

    /// <summary>The .index file of the segment <paramref name="path"/> belongs to.</summary>
    public static string IndexFileOf(string path) => LogFileNames.IndexFile(DirectoryOf(path), BaseOffsetOf(path));

    private static string DirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    /// <summary>The base offset in the file's name, if it has one.</summary>
    private static bool TryBaseOffset(string path, out long baseOffset) => LogFileNames.TryParseBaseOffset(Path.GetFileName(path), out baseOffset);
}
