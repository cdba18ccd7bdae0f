using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Cluster.Tests.Quorum;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>Three server executables configured as docker/cluster/start-local-cluster.sh configures them, on free ports.</summary>
public sealed class ServerProcessClusterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_server_processes_with_combined_roles_form_one_cluster()
    {
        var root = QuorumTestSupport.TempDirectory();
        var voters = QuorumTestSupport.Voters(3);
        var clientPorts = QuorumTestSupport.Voters(3).Select(v => v.Port).ToList();
        string voterList = string.Join(',', voters.Select(v => $"{v.NodeId}@127.0.0.1:{v.Port}"));
        var processes = new List<Process>();
        try
        {
            foreach (var voter in voters)
            {
                int client = clientPorts[voter.NodeId - 1];
                processes.Add(Start(
                    $"node.id={voter.NodeId}",
                    "process.roles=broker,controller",
                    $"controller.quorum.voters={voterList}",
                    "controller.listener.names=CONTROLLER",
                    $"listeners=PLAINTEXT://127.0.0.1:{client},CONTROLLER://127.0.0.1:{voter.Port}",
                    $"advertised.listeners=PLAINTEXT://127.0.0.1:{client}",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "cluster.id=process-cluster",
                    "controller.quorum.election.timeout.ms=500",
                    "broker.heartbeat.interval.ms=200",
                    $"log.dirs={Path.Combine(root, "node-" + voter.NodeId)}"));
            }

            using var admin = ThreeNodeClusterTests.Admin(string.Join(',', clientPorts.Select(p => $"127.0.0.1:{p}")));
            var clock = Stopwatch.StartNew();
            int brokers = 0;
            for (int attempt = 0; attempt < 200 && clock.Elapsed < Deadline; attempt++)
            {
                Assert.All(processes, p => Assert.False(p.HasExited, "a server exited"));
                try
                {
                    brokers = admin.GetMetadata(TimeSpan.FromSeconds(2)).Brokers.Count;
                }
                catch (KafkaException)
                {
                    brokers = 0; // not listening yet
                }
                if (brokers == 3)
                {
                    break;
                }
                await Task.Delay(250);
            }
            Assert.Equal(3, brokers);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
                process.Dispose();
            }
            QuorumTestSupport.DeleteQuietly(root);
        }
    }

    private static Process Start(params string[] overrides)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kafkanet-server.dll"));
        foreach (string property in overrides)
        {
            start.ArgumentList.Add("--override");
            start.ArgumentList.Add(property);
        }
        var process = Process.Start(start)!;
        // Drained so a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
