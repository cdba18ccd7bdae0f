namespace KafkaNet.WebConsole.Tests;

/// <summary>
/// The system's Chromium, which Playwright drives (no browser is downloaded): KAFKANET_CHROMIUM names another one.
/// Missing, the tests fail saying so rather than skip, since CI installs it.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string Path()
    {
        var configured = Environment.GetEnvironmentVariable("KAFKANET_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"KAFKANET_CHROMIUM names {configured}, which does not exist.");
        }
        return Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"The web console tests need Chromium, looked for at {string.Join(" and ", Candidates)}: install it (apt-get install chromium) or set KAFKANET_CHROMIUM to its path.");
    }
}
