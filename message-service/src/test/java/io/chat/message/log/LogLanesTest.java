package io.chat.message.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chat.common.model.ConvId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Lanes of the log writers")
class LogLanesTest {

  @Test
  @DisplayName("share the direct conversations of users who registered one after the other evenly")
  void spreadNeighbours() {
    List<ConvId> pairs = new ArrayList<>();
    for (int user = 1; user <= 2_000; user += 2) {
      pairs.add(ConvId.direct(user, user + 1));
    }
    assertEven(pairs, 2);
    assertEven(pairs, 4);
  }

  @Test
  @DisplayName("share groups with consecutive ids evenly")
  void spreadGroups() {
    List<ConvId> groups = new ArrayList<>();
    for (int group = 1; group <= 1_000; group++) {
      groups.add(ConvId.group(group));
    }
    assertEven(groups, 2);
    assertEven(groups, 3);
  }

  @Test
  @DisplayName("send a conversation to the same lane every time, however its id was made")
  void sameLane() {
    for (int user = 1; user <= 500; user++) {
      ConvId conv = ConvId.direct(user + 7, user);
      assertEquals(LogLanes.laneOf(conv, 2), LogLanes.laneOf(ConvId.parse(conv.toString()), 2), conv.toString());
      assertEquals(LogLanes.laneOf(conv, 2), LogLanes.laneOf(ConvId.direct(user, user + 7), 2), conv.toString());
    }
  }

  /** Each lane within a fifth of its fair share. */
  private static void assertEven(List<ConvId> convs, int lanes) {
    int[] counts = new int[lanes];
    convs.forEach(conv -> counts[LogLanes.laneOf(conv, lanes)]++);
    double fair = (double) convs.size() / lanes;
    for (int lane = 0; lane < lanes; lane++) {
      assertTrue(Math.abs(counts[lane] - fair) <= fair / 5,
          "lane " + lane + " of " + lanes + " holds " + counts[lane] + " of " + convs.size() + " conversations");
    }
  }
}
