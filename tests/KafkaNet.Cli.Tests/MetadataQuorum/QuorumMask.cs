using System.Text.RegularExpressions;
using KafkaNet.Cli.Tests.Output;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

/// <summary>
/// Masks the numbers of `metadata-quorum describe` that move while a quorum runs (epoch, high watermark, offsets, lag,
/// times) with '#', in the text and in the JSON, and keeps everything else for golden comparison. Only numbers are
/// masked, so a value of another kind still fails the comparison.
/// </summary>
internal static partial class QuorumMask
{
    public static string Status(string text) => StatusLine().Replace(text, "$1#");

    public static string Json(string json) =>
        JsonMask.Mask(json, "leaderEpoch", "highWatermark", "maxFollowerLag", "maxFollowerLagTimeMs", "logEndOffset", "lag", "lastFetchTimestamp", "lastCaughtUpTimestamp");

    /// <summary>
    /// Replaces the cells of the moving columns (LogEndOffset to LastCaughtUpTimestamp) with '#' padded to the cell's
    /// width: these columns are as wide as their headers, so the layout stays that of the command.
    /// </summary>
    public static string Replication(string table) =>
        string.Join('\n', table.Split('\n').Select((line, row) =>
        {
            var cells = line.Split('\t');
            for (int column = 2; row > 0 && column <= 5 && column < cells.Length; column++)
            {
                cells[column] = NumberCell().IsMatch(cells[column]) ? "#".PadRight(cells[column].Length) : cells[column];
            }

            return string.Join('\t', cells);
        }));

    [GeneratedRegex(@"^((?:LeaderEpoch|HighWatermark|MaxFollowerLag|MaxFollowerLagTimeMs):\s+)-?\d+$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^-?\d+ *$")]
    private static partial Regex NumberCell();
}
