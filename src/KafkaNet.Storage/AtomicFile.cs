using System.Globalization;

namespace KafkaNet.Storage;

/// <summary>Crash-safe small-file writes (temp file, fsync, rename) and the shared checkpoint header.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Checks the version line and returns the count line, checking that many lines follow.</summary>
    public static int ReadHeader(string[] lines, int version, string path)
    {
        if (lines.Length < 2
            || !int.TryParse(lines[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int found)
            || found != version
            || !int.TryParse(lines[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count)
            || count < 0
            || lines.Length < count + 2)
        {
            throw new InvalidDataException($"{path} is not a version {version} checkpoint file.");
        }

        return count;
    }
}
