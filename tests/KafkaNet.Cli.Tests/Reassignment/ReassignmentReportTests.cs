using KafkaNet.Cli.Reassignment;

namespace KafkaNet.Cli.Tests.Reassignment;

public sealed class ReassignmentReportTests
{
    [Fact]
    public void Status_says_completed_in_progress_or_elsewhere_for_each_partition()
    {
        PartitionReplicas[] targets = [new("orders", 1, [2, 3]), new("orders", 0, [2, 3]), new("payments", 0, [1, 2]), new("gone", 0, [1])];
        var ongoing = new Dictionary<(string, int), PartitionReplicas> { [("orders", 1)] = new("orders", 1, [1, 2, 3]) };
        var current = new Dictionary<(string, int), PartitionReplicas>
        {
            [("orders", 0)] = new("orders", 0, [2, 3]),
            [("payments", 0)] = new("payments", 0, [3, 1]),
        };

        Assert.Equal(
            "Status of partition reassignment:\n"
            + "There is no active reassignment of partition gone-0, but replica set is  rather than 1.\n"
            + "Reassignment of partition orders-0 is completed.\n"
            + "Reassignment of partition orders-1 is still in progress.\n"
            + "There is no active reassignment of partition payments-0, but replica set is 3,1 rather than 1,2.",
            ReassignmentReport.Status(ReassignmentReport.States(targets, ongoing, current)));
        Assert.Equal(
            """
            {
              "partitions": [
                {
                  "topic": "gone",
                  "partition": 0,
                  "currentReplicas": [],
                  "targetReplicas": [
                    1
                  ],
                  "done": true
                },
                {
                  "topic": "orders",
                  "partition": 0,
                  "currentReplicas": [
                    2,
                    3
                  ],
                  "targetReplicas": [
                    2,
                    3
                  ],
                  "done": true
                },
                {
                  "topic": "orders",
                  "partition": 1,
                  "currentReplicas": [
                    1,
                    2,
                    3
                  ],
                  "targetReplicas": [
                    2,
                    3
                  ],
                  "done": false
                },
                {
                  "topic": "payments",
                  "partition": 0,
                  "currentReplicas": [
                    3,
                    1
                  ],
                  "targetReplicas": [
                    1,
                    2
                  ],
                  "done": true
                }
              ]
            }
            """,
            ReassignmentReport.StatusJson(ReassignmentReport.States(targets, ongoing, current)));
    }

    [Fact]
    public void Ongoing_reassignments_show_replicas_adding_and_removing()
    {
        OngoingReassignment[] ongoing =
        [
            new(new("orders", 1, [2, 3, 1]), [3], [1]),
            new(new("orders", 0, [1, 2, 3]), [3], []),
        ];

        Assert.Equal(
            "Current partition reassignments:\norders-0: replicas: 1,2,3. adding: 3.\norders-1: replicas: 2,3,1. adding: 3. removing: 1.",
            ReassignmentReport.Ongoing(ongoing));
        Assert.Equal("No partition reassignments found.", ReassignmentReport.Ongoing([]));
        Assert.Equal(
            """
            {
              "reassignments": [
                {
                  "topic": "orders",
                  "partition": 0,
                  "replicas": [
                    1,
                    2,
                    3
                  ],
                  "addingReplicas": [
                    3
                  ],
                  "removingReplicas": []
                },
                {
                  "topic": "orders",
                  "partition": 1,
                  "replicas": [
                    2,
                    3,
                    1
                  ],
                  "addingReplicas": [
                    3
                  ],
                  "removingReplicas": [
                    1
                  ]
                }
              ]
            }
            """,
            ReassignmentReport.OngoingJson(ongoing));
        Assert.Equal("{\n  \"reassignments\": []\n}", ReassignmentReport.OngoingJson([]));
    }

    [Fact]
    public void Started_cancelled_and_refused_name_the_partitions_as_Kafka()
    {
        PartitionReplicas[] two = [new("orders", 1, [1]), new("orders", 0, [1])];

        Assert.Equal("Successfully started partition reassignments for orders-0,orders-1", ReassignmentReport.Started(two));
        Assert.Equal("Successfully started partition reassignment for orders-1", ReassignmentReport.Started([two[0]]));
        Assert.Equal("Successfully cancelled partition reassignments for: orders-0,orders-1", ReassignmentReport.Cancelled(two));
        Assert.Equal("None of the specified partition reassignments are active.", ReassignmentReport.Cancelled([]));
        Assert.Equal(
            "Error reassigning partition(s):\norders-0: INVALID_REPLICA_ASSIGNMENT: no broker 9\norders-1: UNKNOWN_TOPIC_OR_PARTITION",
            ReassignmentReport.Refused("Error reassigning partition(s):", [(two[0], "UNKNOWN_TOPIC_OR_PARTITION"), (two[1], "INVALID_REPLICA_ASSIGNMENT: no broker 9")]));
    }
}
