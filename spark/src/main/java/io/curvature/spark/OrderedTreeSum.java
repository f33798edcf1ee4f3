package io.curvature.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Sums one array per partition in a fixed order, so that a fit on the same partitioning gives the same bits on
 * every run. Spark's own {@code treeAggregate} merges partial results in the order tasks finish (on the driver, and
 * in its shuffles), which changes the rounding from run to run; here every level groups {@code fanIn} consecutive
 * partitions, sorts each group by partition index and adds it in that order, and the driver adds the last level's
 * sums in index order.
 */
final class OrderedTreeSum {

    private OrderedTreeSum() {
    }

    /**
     * The elementwise sum of the arrays of {@code partials}: one array per partition, all of one length.
     *
     * @param partials one array per partition
     * @param fanIn    partitions summed together per level, {@code >= 2}; with at most this many partitions the
     *                 driver sums them all
     * @return the sum, in partition order within each group
     */
    static double[] sum(JavaRDD<double[]> partials, int fanIn) {
        int count = partials.getNumPartitions();
        JavaPairRDD<Integer, double[]> level = partials.mapPartitionsWithIndex(
                (Integer index, Iterator<double[]> it) -> List.of(new Tuple2<>(index, it.next())).iterator(), true)
                .mapToPair(t -> t);
        while (count > fanIn) {
            int parents = (count + fanIn - 1) / fanIn;
            level = level.mapToPair(t -> new Tuple2<>(t._1() / fanIn, t))
                    .groupByKey(new HashPartitioner(parents))
                    .mapValues(OrderedTreeSum::sumInIndexOrder);
            count = parents;
        }
        return sumInIndexOrder(level.collect());
    }

    /** The arrays of {@code indexed} added in the order of their indices. */
    private static double[] sumInIndexOrder(Iterable<Tuple2<Integer, double[]>> indexed) {
        List<Tuple2<Integer, double[]>> sorted = new ArrayList<>();
        indexed.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        double[] total = sorted.get(0)._2().clone();
        for (int k = 1; k < sorted.size(); k++) {
            double[] part = sorted.get(k)._2();
            for (int j = 0; j < total.length; j++) {
                total[j] += part[j];
            }
        }
        return total;
    }
}
