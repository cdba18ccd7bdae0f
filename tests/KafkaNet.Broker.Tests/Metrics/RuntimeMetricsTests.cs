using System.Diagnostics;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>
/// The .NET runtime's figures on /metrics (GC, thread pool, process): present, and between what the process itself
/// reports just before and just after the scrape.
/// </summary>
public sealed class RuntimeMetricsTests
{
    [Fact]
    public async Task Gc_thread_pool_and_process_figures_are_those_of_the_process()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        GC.Collect(0);

        int collectionsBefore = GC.CollectionCount(0);
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        long workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var samples = await Scrapes.GetAsync(http, kafka.MetricsEndpoint!);
        int collectionsAfter = GC.CollectionCount(0);
        long allocatedAfter = GC.GetTotalAllocatedBytes();
        long workItemsAfter = ThreadPool.CompletedWorkItemCount;
        using var process = Process.GetCurrentProcess();
        string names = string.Join(", ", samples.Select(s => s.Name).Where(n => n.StartsWith("dotnet_", StringComparison.Ordinal)).Distinct());

        // Collections per generation add up to the gen0 count (every collection collects gen0).
        Assert.InRange(Sum(samples, "dotnet_gc_collections_total", names), collectionsBefore, collectionsAfter);
        Assert.InRange(Sum(samples, "dotnet_gc_heap_total_allocated_bytes_total", names), allocatedBefore, allocatedAfter);
        Assert.InRange(Sum(samples, "dotnet_thread_pool_work_item_count_total", names), workItemsBefore, workItemsAfter);
        Assert.InRange(Sum(samples, "dotnet_thread_pool_thread_count", names), 1, process.Threads.Count);
        Assert.InRange(Sum(samples, "dotnet_thread_pool_queue_length", names), 0, int.MaxValue);
        Assert.InRange(Sum(samples, "dotnet_gc_last_collection_heap_size_bytes", names), 1, GC.GetGCMemoryInfo().TotalCommittedBytes);
        Assert.InRange(Sum(samples, "dotnet_process_memory_working_set_bytes", names), Environment.WorkingSet / 2.0, Environment.WorkingSet * 2.0);
        Assert.InRange(Sum(samples, "dotnet_process_cpu_time_seconds_total", names), 0.001, process.TotalProcessorTime.TotalSeconds);
    }

    // Summed over the metric's labels (generations, CPU modes); present, or the failure lists the runtime names there are.
    private static double Sum(List<PrometheusSample> samples, string name, string names)
    {
        var matching = samples.Where(s => s.Name == name).ToList();
        Assert.True(matching.Count > 0, $"{name} is not exported; the runtime names are: {names}");
        return matching.Sum(s => s.Value);
    }
}
