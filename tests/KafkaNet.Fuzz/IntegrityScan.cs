using KafkaNet.Storage.Integrity;

namespace KafkaNet.Fuzz;

/// <summary>
/// Invariant (e): the storage layer's own offline scan of the data directory after kill -9,
/// before the restart: framing, CRC, offsets and records of every stored batch.
/// </summary>
internal static class IntegrityScan
{
    public static CheckResult Run(string dataDirectory, IReadOnlySet<string> compactedTopics)
    {
        try
        {
            var reports = LogIntegrityScanner.ScanDataDirectory(dataDirectory, compactedTopics.Contains);
            var violations = reports.SelectMany(r => r.Violations.Select(v => $"{Path.GetFileName(r.Directory)}: {v}")).ToList();
            return CheckResult.From("storage integrity scan after kill -9", violations,
                $"{reports.Count} partition directories, {reports.Sum(r => r.Batches)} batches, {reports.Sum(r => r.Records)} records");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new CheckResult("storage integrity scan after kill -9", false, $"the scan failed: {e.Message}");
        }
    }
}
