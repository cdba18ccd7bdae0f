using KafkaNet.Cli.Arguments;
using KafkaNet.Storage;

namespace KafkaNet.Cli.DumpLog;

/// <summary>The files of one segment, named by its base offset as the log names them (00000000000000000042.log).</summary>
internal static class SegmentNames
{
    /// <summary>The base offset in the file's name, if it has one.</summary>
    public static bool TryBaseOffset(string path, out long baseOffset) => LogFileNames.TryParseBaseOffset(Path.GetFileName(path), out baseOffset);

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
}
