/**
 * {@link dev.vernier.kafka.embedded.EmbeddedKafka}: a single-node KRaft broker in this JVM on
 * 127.0.0.1 (Kafka's cluster test kit), for {@code serve --embedded-kafka}, the demo and tests. It
 * refuses a folder holding another cluster's data ({@link
 * dev.vernier.kafka.embedded.ForeignKafkaFolderException}); the production jar carries it only for
 * those commands.
 */
package dev.vernier.kafka.embedded;
