namespace KafkaNet.Cli.Arguments;

/// <summary>A file named on the command line (a JSON plan, a partitions list): unreadable means the command fails, exit 1.</summary>
internal static class InputFile
{
    /// <exception cref="CommandFailedException">The file cannot be read.</exception>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"Cannot read {path}: {e.Message}", e);
        }
    }
}
