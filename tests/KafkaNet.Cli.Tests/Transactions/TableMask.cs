namespace KafkaNet.Cli.Tests.Transactions;

/// <summary>
/// Masks the cells of a printed table that vary from run to run (ids, times) and keeps the layout: every column of
/// these tables is at least as wide as its header, so each column starts where its header does.
/// </summary>
internal static class TableMask
{
    public static string Mask(string table, params string[] columns)
    {
        var lines = table.Split('\n');
        string header = lines[0];
        var starts = header.Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(h => header.IndexOf(h.Trim(), StringComparison.Ordinal)).ToList();
        foreach (string column in columns)
        {
            int start = header.IndexOf(column, StringComparison.Ordinal);
            int next = starts.FirstOrDefault(s => s > start, -1);
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length <= start)
                {
                    continue;
                }

                lines[i] = next < 0 || next > lines[i].Length
                    ? lines[i][..start] + "#"
                    : lines[i][..start] + "#".PadRight(next - start) + lines[i][next..];
            }
        }

        return string.Join('\n', lines);
    }
}
