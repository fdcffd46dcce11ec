// Answers several test suites share.
#pragma once

#include <string>

namespace starcoach::test_support {

// A strong answer: one specific story in STAR order, told with "I", a number and a lesson.
inline const std::string strong_answer =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their "
    "parcels arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data for every "
    "late parcel and found that most were loaded on the wrong van. I rewrote the loading checklist and trained the six "
    "loaders on it myself. I also added a second scan at the door, so a wrong van now beeps. Late parcels fell from 31% "
    "to 4% in one month, and the client renewed its contract. I learned to look at the data before I blame people.";

// The same story told to show Dive Deep: it digs into the data, checks the report and
// traces the cause, with no problem for the analyser to find.
inline const std::string digging_answer =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their "
    "parcels arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data for every "
    "late parcel and found that most were loaded on the wrong van. The numbers in our weekly report said the vans were "
    "fine, so I checked forty parcels at the door myself. I traced the wrong loads to an old checklist that still "
    "listed two closed routes. I rewrote the loading checklist and trained the six loaders on it myself. Late parcels "
    "fell from 31% to 4% in one month, and the client renewed its contract. I learned to look at the data before I "
    "blame people.";

}  // namespace starcoach::test_support
